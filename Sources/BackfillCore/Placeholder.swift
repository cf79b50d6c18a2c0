// BackfillCore module.
