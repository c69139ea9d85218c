-- The national action plan and the recommendations it answers (issue 12), each kept as ONE versioned JSON
-- document (`lekhotla_storage::plan`): `action_plan` (the plan's tree, `lekhotla_domain::ActionPlan`) and
-- `recommendations` (every year's list, checked against the plan). A write replaces the version read, both
-- documents together, so that the recommendations always answer activities the plan has. No person is named.
CREATE TABLE plan_documents (
    name      text PRIMARY KEY NOT NULL CHECK (name IN ('action_plan', 'recommendations')),
    version   bigint NOT NULL CHECK (version >= 1),
    value     text NOT NULL,
    loaded_at timestamptz NOT NULL
);
