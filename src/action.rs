//! TODO(action)
