// Every entity event (the service indexes them by entity at startup: LadybugDB has no index on
// EntityEvent.eid, and a scan per profile costs 0.17 s on the 200k city).
MATCH (ev:EntityEvent)
RETURN ev.eid AS eid, ev.at AS at, ev.event AS event, ev.detail AS detail, ev.run_id AS run_id,
       ev.event_id AS event_id
