"""Small widgets shared by every form of the desk (one catalogue: widgets.ts)."""
