-- Failed sign-ins and client authentications, per account ('user:alice', 'client:demo-client')
-- and per address ('address:203.0.113.7'): after too many within the window the key is locked
-- out for a time that doubles with every further failure, up to a maximum.
CREATE TABLE login_throttle (
    throttle_key varchar(300) NOT NULL PRIMARY KEY,
    failures integer NOT NULL,
    last_failure_at timestamptz NOT NULL,
    locked_until timestamptz DEFAULT NULL
);

CREATE INDEX login_throttle_last_failure_idx ON login_throttle (last_failure_at);
