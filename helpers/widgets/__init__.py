"""Layer 6, widgets: the anywidget highlighter and the ipywidgets forms students answer in. Each answer widget
keeps its answers through ``record.AnswerStore`` and tells the student how saving went (``save_status``)."""
