//! TODO(ui)
