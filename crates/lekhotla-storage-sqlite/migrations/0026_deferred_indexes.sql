-- The secondary indexes of the case tables that a bulk load into an empty database (`lekhotla demo-data`) set
-- aside, each with the statement that builds it again (`lekhotla_storage::bulk_indexes`). The load builds them
-- and empties the table at its end; a load that stopped half-way leaves them to the next open of the database.
CREATE TABLE deferred_indexes (
    name       TEXT PRIMARY KEY NOT NULL,
    definition TEXT NOT NULL
);
