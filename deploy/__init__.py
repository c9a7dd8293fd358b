"""Running the lesson past one process: replicas of the app behind HAProxy (``python -m deploy.replicas``)."""
