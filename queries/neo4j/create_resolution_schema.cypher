// Neo4j 5 schema of resolution: entity ids unique (and indexed).
CREATE CONSTRAINT person_eid IF NOT EXISTS FOR (p:Person) REQUIRE p.eid IS UNIQUE;
CREATE CONSTRAINT organization_eid IF NOT EXISTS FOR (o:Organization) REQUIRE o.eid IS UNIQUE;
CREATE CONSTRAINT place_eid IF NOT EXISTS FOR (p:Place) REQUIRE p.eid IS UNIQUE;
