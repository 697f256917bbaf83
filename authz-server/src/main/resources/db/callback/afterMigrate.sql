-- After every migration, as the schema owner: the application role may read and write the
-- tables it works on, but only read and append to the audit log (it releases exported segments
-- through audit_release_segment, which checks what it removes). It owns nothing, so it can
-- neither drop nor disable the triggers that keep the audit tables append-only, nor change the schema.
-- Nothing happens when countersign.database.application-role is not set (one role for both).
DO $$
DECLARE
    app_role text := '${applicationRole}';
BEGIN
    IF app_role <> '' THEN
        EXECUTE format('GRANT USAGE ON SCHEMA %I TO %I', current_schema(), app_role);
        EXECUTE format('REVOKE ALL ON ALL TABLES IN SCHEMA %I FROM %I', current_schema(), app_role);
        EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA %I TO %I', current_schema(), app_role);
        EXECUTE format('REVOKE UPDATE, DELETE ON audit_event, audit_seal, audit_checkpoint, audit_export, '
            || 'audit_segment_release FROM %I', app_role);
        EXECUTE format('REVOKE INSERT, UPDATE, DELETE ON flyway_schema_history FROM %I', app_role);
        EXECUTE format('GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA %I TO %I', current_schema(), app_role);
    END IF;
END
$$;
