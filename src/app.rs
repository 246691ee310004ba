//! TODO(app)
