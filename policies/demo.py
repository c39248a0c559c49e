def seed_policies() -> str:
    return ""
