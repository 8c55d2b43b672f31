"""The data the recommenders read (the event log, the catalogue) and the item, interaction
and similarity features they share."""
