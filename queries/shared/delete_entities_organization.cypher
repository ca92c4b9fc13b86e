// Remove the Organization nodes of the last run with their links (records, relations, redirects);
// write_resolution writes the new run's nodes, redirects included, in the same transaction.
MATCH (e:Organization)
DETACH DELETE e
