// Neo4j 5 schema of resolution: entity ids unique (and indexed).
CREATE CONSTRAINT person_eid IF NOT EXISTS FOR (p:Person) REQUIRE p.eid IS UNIQUE;
CREATE CONSTRAINT organization_eid IF NOT EXISTS FOR (o:Organization) REQUIRE o.eid IS UNIQUE;
CREATE CONSTRAINT place_eid IF NOT EXISTS FOR (p:Place) REQUIRE p.eid IS UNIQUE;
CREATE CONSTRAINT run_id IF NOT EXISTS FOR (r:Run) REQUIRE r.run_id IS UNIQUE;
CREATE CONSTRAINT entity_event_id IF NOT EXISTS FOR (e:EntityEvent) REQUIRE e.event_id IS UNIQUE;
CREATE INDEX entity_event_eid IF NOT EXISTS FOR (e:EntityEvent) ON (e.eid);
CREATE INDEX run_kind IF NOT EXISTS FOR (r:Run) ON (r.kind);
CREATE CONSTRAINT decision_did IF NOT EXISTS FOR (d:Decision) REQUIRE d.did IS UNIQUE;
