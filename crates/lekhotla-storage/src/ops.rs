//! What an operator watches of a store: its connection pool (for the metrics) and whether its schema has
//! every migration the program knows (for readiness).

/// A connection pool at one instant.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PoolStatus {
    /// Connections open, busy or idle.
    pub size: u32,
    /// Open connections waiting for work.
    pub idle: u32,
    /// The most connections the pool opens.
    pub max: u32,
}

/// How a database's schema stands against the migrations this program carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SchemaStatus {
    /// The newest migration applied with success (`None`: none is).
    pub applied: Option<i64>,
    /// The newest migration the program carries.
    pub known: i64,
}

impl SchemaStatus {
    /// Whether every migration the program carries is applied.
    pub fn is_current(&self) -> bool {
        self.applied == Some(self.known)
    }
}

#[cfg(test)]
mod tests {
    use super::SchemaStatus;

    #[test]
    fn a_schema_is_current_only_at_the_newest_known_migration() {
        assert!(SchemaStatus { applied: Some(25), known: 25 }.is_current());
        assert!(!SchemaStatus { applied: Some(24), known: 25 }.is_current());
        assert!(!SchemaStatus { applied: None, known: 25 }.is_current());
    }
}
