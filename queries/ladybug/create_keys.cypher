// New Key nodes into a Key table that already holds keys: COPY there hung intermittently on
// LadybugDB 0.22.0 (the 200k city), so the engine COPYs only into an empty table and uses this.
UNWIND $rows AS r
CREATE (:Key {k: r.k, type: r.type, value: r.value})
