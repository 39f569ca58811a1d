"""Widgets and dialogs only. Logic lives in `records`, `video` and `evidence`; a widget
arranges them and calls them. Features plug into the main window through
`controlroom.ui.main_window.UI_FEATURES`."""
