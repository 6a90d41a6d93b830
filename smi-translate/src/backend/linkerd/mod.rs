//! Linkerd backend (in progress).
