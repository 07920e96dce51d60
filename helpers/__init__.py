"""Helpers for the Media Literacy Notebook Kit."""
