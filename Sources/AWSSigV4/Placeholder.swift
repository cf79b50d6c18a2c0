// AWSSigV4 module.
