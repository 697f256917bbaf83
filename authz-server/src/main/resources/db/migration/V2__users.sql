-- Spring Security's JdbcUserDetailsManager schema; passwords are {bcrypt} hashes.

CREATE TABLE users (
    username varchar(50) NOT NULL PRIMARY KEY,
    password varchar(500) NOT NULL,
    enabled boolean NOT NULL
);

CREATE TABLE authorities (
    username varchar(50) NOT NULL REFERENCES users (username) ON DELETE CASCADE,
    authority varchar(50) NOT NULL,
    CONSTRAINT authorities_username_authority_key UNIQUE (username, authority)
);
