"""Callbacks for training libraries; each module imports without its library installed."""
