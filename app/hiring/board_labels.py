"""How job types and work modes read on pages."""

LABELS = {
    "full_time": "Full-time",
    "part_time": "Part-time",
    "contract": "Contract",
    "internship": "Internship",
    "on_site": "On-site",
    "hybrid": "Hybrid",
    "remote": "Remote",
}
