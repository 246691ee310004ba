//! TODO(keymap)
