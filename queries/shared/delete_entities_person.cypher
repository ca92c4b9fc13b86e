// Remove the Person nodes of the last run with their links (records, relations, redirects);
// write_resolution writes the new run's nodes, redirects included, in the same transaction.
MATCH (e:Person)
DETACH DELETE e
