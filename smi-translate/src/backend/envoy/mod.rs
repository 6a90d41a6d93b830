//! Envoy backend (in progress).
