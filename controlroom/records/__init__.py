"""Records: database models and services. Never imports Qt."""
