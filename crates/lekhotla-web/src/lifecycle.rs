//! Where a serving process is in its life: serving, or draining (the shutdown signal came; requests in flight
//! finish, no new connection is taken, and readiness answers 503 so a load balancer stops sending).

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// Shared by every clone of the state: once draining, always draining.
#[derive(Debug, Clone, Default)]
pub struct Lifecycle {
    draining: Arc<AtomicBool>,
}

impl Lifecycle {
    /// The shutdown signal came.
    pub fn drain(&self) {
        self.draining.store(true, Ordering::SeqCst);
    }

    pub fn is_draining(&self) -> bool {
        self.draining.load(Ordering::SeqCst)
    }
}
