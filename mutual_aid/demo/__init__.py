"""The demo's two pools, with months of history."""
