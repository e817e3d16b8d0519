"""Domain objects of a loaded dossier: entries, relations and the dossier itself."""
