import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { describeError } from "../api/client";
import { api, type ItemCreate, keys } from "../api/endpoints";

const EMPTY = { item_id: "", title: "", category: "", description: "", price: "" };

/** Form fields to the POST /items body; blank optional fields are left out. */
export function toItemCreate(form: typeof EMPTY): ItemCreate {
  const item: ItemCreate = {
    item_id: form.item_id.trim(),
    title: form.title.trim(),
    category: form.category.trim(),
  };
  if (form.description.trim()) item.description = form.description.trim();
  if (form.price.trim()) item.price = Number(form.price);
  return item;
}

export function AddItemForm() {
  const [form, setForm] = useState(EMPTY);
  const [added, setAdded] = useState<string | null>(null);
  const queryClient = useQueryClient();
  const create = useMutation({
    mutationFn: (item: ItemCreate) => api.createItem(item),
    onSuccess: (item) => {
      setAdded(item.title ?? form.title);
      setForm(EMPTY);
      // A new item can enter any user's content list at once, so every list is refetched.
      void queryClient.invalidateQueries({ queryKey: ["recommendations"] });
      void queryClient.invalidateQueries({ queryKey: keys.items });
      void queryClient.invalidateQueries({ queryKey: keys.counts });
    },
  });
  const field = (name: keyof typeof EMPTY) => ({
    value: form[name],
    onChange: (event: { target: { value: string } }) =>
      setForm({ ...form, [name]: event.target.value }),
  });
  return (
    <section className="panel" aria-labelledby="add-item-title">
      <h2 id="add-item-title">Add an item to the catalog</h2>
      <p className="muted">
        Content-based recommendations pick it up at once; give it words or a category close to what
        a user likes.
      </p>
      <form
        className="grid-form"
        onSubmit={(event) => {
          event.preventDefault();
          setAdded(null);
          create.mutate(toItemCreate(form));
        }}
      >
        <label>
          Item id
          <input required pattern="[A-Za-z0-9._:\-]{1,64}" {...field("item_id")} />
        </label>
        <label>
          Title
          <input required {...field("title")} />
        </label>
        <label>
          Category
          <input required {...field("category")} />
        </label>
        <label>
          Price
          <input type="number" min="0" step="0.01" inputMode="decimal" {...field("price")} />
        </label>
        <label className="wide">
          Description
          <textarea rows={2} {...field("description")} />
        </label>
        <div className="wide row">
          <button type="submit" className="primary" disabled={create.isPending}>
            {create.isPending ? "Adding…" : "Add item"}
          </button>
        </div>
      </form>
      <div aria-live="polite">
        {create.isError && (
          <p className="error" role="alert">
            Not added: {describeError(create.error)}
          </p>
        )}
        {added && <p className="success">Added “{added}”.</p>}
      </div>
    </section>
  );
}
