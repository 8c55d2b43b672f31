"""Item and interaction features shared by the recommenders."""
