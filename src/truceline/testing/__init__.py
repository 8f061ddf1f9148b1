"""In-memory fakes of the ports, for tests of the pure core and for library users."""
