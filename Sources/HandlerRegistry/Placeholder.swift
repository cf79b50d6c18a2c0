// HandlerRegistry module.
