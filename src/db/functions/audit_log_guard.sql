-- audit_log is append-only: the one UPDATE is the sealer's, which fills chain_seq, prev_hash and hash once and
-- changes nothing else; a DELETE only in a purge transaction (liudong.audit_purge = 'on' locally), only for sealed
-- rows covered by an anchor, and never younger than the legal minimums (等保: logs 6 months; PIPL: records of
-- processing personal information, i.e. rows about a person, 3 years).
CREATE OR REPLACE FUNCTION audit_log_guard()
  RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    IF TG_OP = 'DELETE' THEN
      IF coalesce(current_setting('liudong.audit_purge', true), '') = 'on'
         AND OLD.hash IS NOT NULL
         AND OLD.chain_seq <= (SELECT max(chain_seq) FROM audit_anchor)
         AND OLD.at < now() - interval '6 months'
         AND (OLD.person_id IS NULL OR OLD.at < now() - interval '3 years') THEN
        RETURN OLD;
      END IF;
      RAISE EXCEPTION 'audit_log is append-only';
    END IF;
    IF OLD.hash IS NOT NULL OR OLD.chain_seq IS NOT NULL OR OLD.prev_hash IS NOT NULL
       OR NEW.hash IS NULL OR NEW.chain_seq IS NULL OR NEW.prev_hash IS NULL
       OR (NEW.seq, NEW.at, NEW.actor_id, NEW.actor_username, NEW.actor_role, NEW.actor_division, NEW.action,
           NEW.outcome, NEW.entity, NEW.entity_id, NEW.person_id, NEW.ip, NEW.details)
          IS DISTINCT FROM
          (OLD.seq, OLD.at, OLD.actor_id, OLD.actor_username, OLD.actor_role, OLD.actor_division, OLD.action,
           OLD.outcome, OLD.entity, OLD.entity_id, OLD.person_id, OLD.ip, OLD.details) THEN
      RAISE EXCEPTION 'audit_log is append-only';
    END IF;
    RETURN NEW;
  END
$$
