// Remove the Place nodes of the last run with their links (records, relations, redirects);
// write_resolution writes the new run's nodes, redirects included, in the same transaction.
MATCH (e:Place)
DETACH DELETE e
