"""Layer 5, views: HTML and charts of the case and of a student's answers, styled by ``static/kit.css``.

Views read widgets only through small protocols (``charts.Tagged``, ``checks.Checked``), never import them.
"""
