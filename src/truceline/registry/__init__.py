"""The party register: guarantors, observers, mediators, state parties, armed groups, excluded groups,
foreign forces and militias, with aliases in several scripts and dated affiliations."""
