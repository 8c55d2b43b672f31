dofile("report.lua")
-- POST /interactions: a view by a known user of a known item, cycling through both lists.
local users, items, index = {}, {}, 0
for line in io.lines(os.getenv("USERS_FILE")) do users[#users + 1] = line end
for line in io.lines(os.getenv("ITEMS_FILE")) do items[#items + 1] = line end
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"

init = function(args)
   index = math.random(#users) - 1
end

request = function()
   index = index + 1
   local user = users[(index % #users) + 1]
   local item = items[(index * 7 % #items) + 1]
   local body = string.format('{"user_id": "%s", "item_id": "%s", "event_type": "view"}', user, item)
   return wrk.format(nil, "/interactions", nil, body)
end
