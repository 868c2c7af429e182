-- Platform tables of two libraries the engine builds on. Neither holds tenant data (task ids and quota buckets
-- only), so neither has row-level security; the application role may read and write both.

-- db-scheduler: persistent, cluster-safe one-time and recurring tasks (its PostgreSQL DDL).
CREATE TABLE scheduled_tasks (
    task_name            text                     NOT NULL,
    task_instance        text                     NOT NULL,
    task_data            bytea,
    execution_time       timestamp with time zone NOT NULL,
    picked               boolean                  NOT NULL,
    picked_by            text,
    last_success         timestamp with time zone,
    last_failure         timestamp with time zone,
    consecutive_failures integer,
    last_heartbeat       timestamp with time zone,
    version              bigint                   NOT NULL,
    priority             smallint,
    PRIMARY KEY (task_name, task_instance)
);
CREATE INDEX scheduled_tasks_execution_time_idx ON scheduled_tasks (execution_time);
CREATE INDEX scheduled_tasks_last_heartbeat_idx ON scheduled_tasks (last_heartbeat);
CREATE INDEX scheduled_tasks_priority_execution_time_idx ON scheduled_tasks (priority DESC, execution_time ASC);

-- Bucket4j: token buckets shared by every Herald node (tenant x channel quotas, provider rates).
CREATE TABLE bucket (
    id         bigint PRIMARY KEY,
    state      bytea,
    expires_at bigint
);

GRANT SELECT, INSERT, UPDATE, DELETE ON scheduled_tasks, bucket TO ${app_role};
