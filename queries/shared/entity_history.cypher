// An entity's history across resolution runs: created, kept, merged_into, split_from.
MATCH (ev:EntityEvent)
WHERE ev.eid = $eid
RETURN ev.at AS at, ev.event AS event, ev.detail AS detail, ev.run_id AS run_id
ORDER BY ev.at, ev.event_id
