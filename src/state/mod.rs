//! TODO(state)
