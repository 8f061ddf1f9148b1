"""Person lists (detained, abducted, missing, remains) and matching them across scripts and parties."""
