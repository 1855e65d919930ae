"""The trained decision stage: features of candidates, linear models stored as JSON, training
and cross-validation. Rules propose candidates and vote (as features); these models decide."""
