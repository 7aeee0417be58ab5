"""How personal data of performers is shown to those who may not see it in full."""

from __future__ import annotations


def mask_phone(phone: str) -> str:
    """``13812345678`` -> ``138****5678``: enough to tell two numbers apart, not to call one."""
    if len(phone) < 8:
        return "****" if phone else ""
    return f"{phone[:3]}****{phone[-4:]}"


def mask_name(name: str) -> str:
    """``王小明`` -> ``王**``: the family name, the rest starred, as on a call sheet."""
    return f"{name[:1]}{'*' * (len(name) - 1)}" if name else ""


def mask_id_number(id_number: str) -> str:
    """``330783199001011234`` -> ``3307**********1234``: region and check digits only."""
    if len(id_number) < 9:
        return "****" if id_number else ""
    return f"{id_number[:4]}{'*' * (len(id_number) - 8)}{id_number[-4:]}"
