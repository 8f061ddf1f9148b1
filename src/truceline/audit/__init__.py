"""Change history: every create, update and delete of a register record, who, when, before and after."""
