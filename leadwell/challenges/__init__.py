"""The challenge register: obstacles the team meets, triaged by its leader in the team or
carried to the director with an ask and its business case."""
