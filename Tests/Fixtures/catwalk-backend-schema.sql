-- The Catwalk backend's tables as its Alembic migrations leave them at head 42a866551ae2
-- (zenchantlive/catwalk master 7dce224, backend/alembic/versions/): what catwalk-logd reads
-- (users, deployments) and what it must not touch (credentials, user_settings, alembic_version).
CREATE TABLE alembic_version (version_num varchar(32) NOT NULL PRIMARY KEY);
INSERT INTO alembic_version VALUES ('42a866551ae2');

CREATE TABLE users (
    id uuid NOT NULL PRIMARY KEY,
    email varchar(255) NOT NULL,
    name varchar(255),
    avatar_url varchar(512),
    github_id varchar(100),
    created_at timestamp with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at timestamp with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE UNIQUE INDEX ix_users_email ON users (email);
CREATE UNIQUE INDEX ix_users_github_id ON users (github_id);

CREATE TABLE user_settings (
    id uuid NOT NULL PRIMARY KEY,
    user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    encrypted_fly_api_token text,
    encrypted_openrouter_api_key text,
    created_at timestamp with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at timestamp with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE deployments (
    id uuid NOT NULL PRIMARY KEY,
    name varchar NOT NULL,
    schedule_config json NOT NULL,
    status varchar NOT NULL,
    created_at timestamp without time zone NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at timestamp without time zone NOT NULL DEFAULT CURRENT_TIMESTAMP,
    error_message varchar,
    machine_id varchar,
    user_id uuid,
    access_token varchar NOT NULL,
    CONSTRAINT uq_deployments_access_token UNIQUE (access_token),
    CONSTRAINT fk_deployments_user_id FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE
);
CREATE INDEX ix_deployments_name ON deployments (name);
CREATE INDEX ix_deployments_user_id ON deployments (user_id);

CREATE TABLE credentials (
    id uuid NOT NULL PRIMARY KEY,
    service_name varchar NOT NULL,
    encrypted_data varchar NOT NULL,
    deployment_id uuid NOT NULL REFERENCES deployments(id)
);
