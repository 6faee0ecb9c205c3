export { loadCooperationStory, storyIds, STORY_FILE, STORY_META_KEY, type StoryIds } from './demo.service.js';
