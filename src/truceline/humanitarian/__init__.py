"""The humanitarian registers: hazard areas (demining, land release) and humanitarian windows."""
