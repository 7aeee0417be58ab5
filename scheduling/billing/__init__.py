"""Billing: what each crew owes the base (statements), the tariff behind it, and invoices.

The rules are ``../shared/contract/BILLING.md``: set hire, late cancellations and extras, in
exact decimals, rounded half up once per line.
"""
