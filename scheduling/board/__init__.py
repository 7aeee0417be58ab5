"""The operations centre's board at ``/board/``: the day's timeline, what is not placed, demand
against capacity, and planning runs to review and publish (ops only)."""
