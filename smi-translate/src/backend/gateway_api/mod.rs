//! Gateway API routes, shared by the backends that emit them (Linkerd for splits, GAMMA).

pub mod generated;
